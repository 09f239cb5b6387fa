# vcourt on Debian 12 with Node 20: the same set-up as on a bare machine (runtime packages only:
# no browser, compiler or GStreamer, which only the tests install).
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm run setup
ENV VCOURT_DATA_DIR=/data VCOURT_HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 8080
CMD ["npm", "start"]
